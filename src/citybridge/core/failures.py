"""Failures that are nobody's fault and lose nothing: answered with a clear, translated page.

A storage that cannot take a file (disk full, quota, object store down) raises
``core.storage.StorageFailure``; the request answers 503 with what happened and that nothing
was saved, instead of a server error. API requests get the same as JSON."""

from django.http import JsonResponse
from django.shortcuts import render

from citybridge.core.storage import StorageFailure


class StorageFailureMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, StorageFailure):
            return None
        message = str(StorageFailure.message)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "code": "storage"}, status=503)
        return render(request, "core/failure.html", {"message": message}, status=503)

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from citybridge.pairings.models import AgreementVersion


def agreement_version(request, pk):
    """A language version of an agreement: public once signed, otherwise for its pairing."""
    version = get_object_or_404(
        AgreementVersion.objects.select_related("agreement__pairing"), pk=pk
    )
    agreement = version.agreement
    if not request.user.has_perm("pairings.view_agreement", agreement):
        raise Http404
    response = FileResponse(
        version.document.open("rb"),
        content_type=version.mime_type or "application/octet-stream",
        as_attachment=version.mime_type != "application/pdf",
        filename=version.original_name or f"agreement-{version.language}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

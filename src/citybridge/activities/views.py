from django.http import HttpResponse


def detail(request, pk):  # replaced below
    return HttpResponse(status=404)


def calendar(request, slug):  # replaced below
    return HttpResponse(status=404)

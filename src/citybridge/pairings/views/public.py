from django.http import Http404
from django.shortcuts import get_object_or_404

from citybridge.core.storage import serve_private
from citybridge.pairings.models import AgreementVersion


def agreement_version(request, pk):
    """A language version of an agreement: public once signed, otherwise for its pairing."""
    version = get_object_or_404(
        AgreementVersion.objects.select_related("agreement__pairing"), pk=pk
    )
    agreement = version.agreement
    if not request.user.has_perm("pairings.view_agreement", agreement):
        raise Http404
    return serve_private(
        version.document,
        name=version.original_name or f"agreement-{version.language}",
        mime_type=version.mime_type,
    )

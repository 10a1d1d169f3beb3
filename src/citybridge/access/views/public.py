"""Accepting an invitation: /<lang>/invitations/<key>/, reached from the e-mail.

A new address chooses a password; an address that has an account signs in first; a used,
withdrawn, expired or unknown link says so and grants nothing.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from citybridge.access import services
from citybridge.access.emails import display_name, scope_name
from citybridge.access.forms import AcceptForm

# What an unusable link answers: gone for good (410) once it existed, else not found.
UNUSABLE_STATUS = {"unknown": 404, "used": 410, "withdrawn": 410, "expired": 410}


@never_cache
def accept(request, key):
    try:
        invitation = services.find_invitation(key)
    except services.InvitationUnusable as unusable:
        return _unusable(request, unusable)
    user = request.user if request.user.is_authenticated else None
    has_account = user is None and services.account_for(invitation.email) is not None
    form = None
    if user is None and not has_account:
        form = AcceptForm(
            request.POST if request.method == "POST" else None, email=invitation.email
        )
    if request.method == "POST":
        if has_account:
            return redirect_to_login(request.get_full_path())
        if form is None or form.is_valid():
            try:
                role = services.accept_invitation(
                    token=key,
                    user=user,
                    password=form.cleaned_data["password1"] if form else "",
                    name=form.cleaned_data["name"] if form else "",
                )
            except services.InvitationUnusable as unusable:
                return _unusable(request, unusable)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                if user is None:
                    login(request, role.user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    _("Welcome: you are now %(role)s of %(scope)s.")
                    % {"role": role.get_kind_display(), "scope": _scope_text(invitation)},
                )
                return redirect("workspace:home")
    return render(
        request,
        "access/accept.html",
        {
            "invitation": invitation,
            "inviter": display_name(invitation.invited_by),
            "scope_text": _scope_text(invitation),
            "form": form,
            "has_account": has_account,
            "other_account": user is not None
            and invitation.email.lower() not in {user.email.lower(), user.username.lower()},
        },
        status=400 if request.method == "POST" else 200,
    )


def _scope_text(invitation) -> str:
    from django.utils.translation import get_language

    return scope_name(invitation.scope_object, get_language())


def _unusable(request, unusable):
    return render(
        request,
        "access/invitation_unusable.html",
        {"reason": unusable.reason, "invitation": unusable.invitation},
        status=UNUSABLE_STATUS[unusable.reason],
    )

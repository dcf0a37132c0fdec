"""A person's notifications (read, unread, and for business managers what reached nobody), and
their choice of e-mail: each at once or a daily digest."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accord.accounts.models import EmailFrequency, Person
from accord.input_limits import record_id
from accord.notifications import queries
from accord.notifications.reading import choose_email_frequency, mark_read

PAGE_SIZE = 50


def _person(request: HttpRequest) -> Person:
    user = request.user
    assert isinstance(user, Person)  # login_required has run
    return user


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    page = Paginator(queries.notifications_for(person), PAGE_SIZE).get_page(request.GET.get("page"))
    context: dict[str, object] = {
        "page": page,
        "notifications_unread": queries.unread_count(person),  # the header's count too
        "frequency": person.get_email_frequency_display(),
    }
    if queries.is_business_manager(person):
        context["without_recipient"] = list(queries.without_recipient_for(person)[:100])
        context["undelivered"] = list(queries.undelivered_for(person)[:100])
    return render(request, "web/notifications.html", context)


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification read (`notification`), or all of them."""
    person = _person(request)
    chosen = request.POST.get("notification", "")
    chosen_id = record_id(chosen)
    ids = [chosen_id] if chosen_id is not None else None
    count = mark_read(person=person, now=timezone.now(), ids=ids)
    if ids is None:
        messages.success(
            request,
            ngettext(
                "%(count)s notification marked as read",
                "%(count)s notifications marked as read",
                count,
            )
            % {"count": count},
        )
    return redirect("web:notifications")


class EmailFrequencyForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("How do you want notification e-mails?"),
        choices=EmailFrequency.choices,
        widget=forms.RadioSelect,
        help_text=_("The e-mails never say what a case is about: they ask you to sign in."),
        error_messages={"required": _("Select how you want notification e-mails")},
    )


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    data = request.POST if request.method == "POST" else None
    form = EmailFrequencyForm(data, initial={"frequency": person.email_frequency})
    if request.method == "POST" and form.is_valid():
        choose_email_frequency(person=person, frequency=form.cleaned_data["frequency"])
        messages.success(request, gettext("Your choice of notification e-mails has been saved"))
        return redirect("web:notifications")
    return render(request, "web/notification_preferences.html", {"form": form})

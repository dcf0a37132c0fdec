"""The e-mail address field of every form: at most 254 characters (`accord.input_limits`), the
longest address that can be delivered and the length of the column it is kept in."""

from __future__ import annotations

from typing import Any

from django import forms

from accord.input_limits import EMAIL_LENGTH


class EmailAddressField(forms.EmailField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", EMAIL_LENGTH)
        super().__init__(**kwargs)
        self.error_messages.setdefault(
            "max_length", f"Enter an e-mail address of {EMAIL_LENGTH} characters or fewer"
        )

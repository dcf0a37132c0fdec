"""The shapes of a case's form records and of signing off, as the API reads and writes them
(DRF serializers: types for what comes in, documentation for what goes out)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from accord.cases.actions.forms import LIST_LIMIT, LONGTEXT_LIMIT
from accord.web.views.document_forms import CORRECT, SAVE, SUBMIT

from .serializers import PersonRef, SeenIn, small_number

RECORD_STATUSES = ["draft", "submitted", "corrected"]
FORM_ACTIONS = [SAVE, SUBMIT, CORRECT]
FIELD_TYPES = ["text", "longtext", "date", "yesno", "choice", "list"]


class FormRecordRow(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    url = serializers.CharField(
        allow_null=True,
        help_text="The record's address; null: you may not open it (download its PDF from the "
        "case's forms page instead).",
    )
    form = serializers.CharField(help_text="The form's id in the procedure.")
    title = serializers.CharField()
    version = serializers.IntegerField(help_text="1, then one more for each correction.")
    correction_reason = serializers.CharField(allow_blank=True)
    made = serializers.CharField(help_text="When the procedure asked for it, in words.")
    created_at = serializers.DateTimeField()
    status = serializers.ChoiceField(choices=RECORD_STATUSES)
    submitted_at = serializers.DateTimeField(allow_null=True)
    replaced_by = serializers.IntegerField(
        allow_null=True, help_text="The id of the version correcting it."
    )


class FormRecordList(serializers.Serializer[Any]):
    results = FormRecordRow(many=True, help_text="Every version, as the forms page lists them.")
    may_complete = serializers.BooleanField(help_text="Whether you may open the records.")


class FormFieldOut(serializers.Serializer[Any]):
    id = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named as Field's attribute
    type = serializers.ChoiceField(choices=FIELD_TYPES)
    required = serializers.BooleanField(help_text="Needed to submit the record.")  # type: ignore[assignment]  # as Field's
    choices = serializers.ListField(child=serializers.CharField(), help_text="For `choice`.")
    answer = serializers.JSONField(
        help_text="The answer now: text (a date as YYYY-MM-DD, yes/no as `yes` or `no`; empty "
        "when not given), or a list of texts for `list`. A draft nobody has saved yet shows "
        "the answers filled in from the case."
    )


class FormRecordOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    url = serializers.CharField()
    case = serializers.CharField(help_text="The case's reference.")
    form = serializers.CharField()
    title = serializers.CharField()
    version = serializers.IntegerField()
    made = serializers.CharField()
    created_at = serializers.DateTimeField()
    sent_to = serializers.ListField(
        child=serializers.CharField(), help_text="Who it goes to once submitted (roles)."
    )
    status = serializers.ChoiceField(choices=RECORD_STATUSES)
    revision = serializers.IntegerField(
        help_text="The draft's revision: send it back to save or submit (a stale one is a 409)."
    )
    saved_at = serializers.DateTimeField(allow_null=True)
    saved_by = PersonRef(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    submitted_by = PersonRef(allow_null=True)
    replaces = serializers.IntegerField(allow_null=True, help_text="The version it corrects.")
    correction_reason = serializers.CharField(allow_blank=True)
    replaced_by = serializers.IntegerField(allow_null=True)
    fields = FormFieldOut(many=True)  # type: ignore[assignment]  # declared: not Serializer.fields
    actions = serializers.ListField(
        child=serializers.ChoiceField(choices=FORM_ACTIONS),
        help_text="What you may do to it now: `save` and `submit` a draft, `correct` the latest "
        "version of a submitted record.",
    )


class CompleteFormIn(serializers.Serializer[Any]):
    action = serializers.ChoiceField(
        choices=FORM_ACTIONS,
        help_text="`save` a draft, `submit` it (with `confirm`), or `correct` a submitted "
        "record (a new version, with `reason`).",
    )
    revision = small_number(
        help_text="The record's `revision` when you read it: a draft saved since is a 409."
    )
    answers = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text="Answers by field id: text (a date as YYYY-MM-DD, yes/no as `yes` or `no`) "
        "or, for `list`, a list of texts. A field left out keeps its answer; send an empty "
        "text to clear it.",
    )
    confirm = serializers.BooleanField(
        required=False,
        help_text="To submit: that the answers are accurate and complete as far as you know.",
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="Why you are correcting it."
    )

    def validate_answers(self, answers: dict[str, Any]) -> dict[str, Any]:
        for key, value in answers.items():
            if isinstance(value, list):
                if len(value) > LIST_LIMIT or not all(isinstance(item, str) for item in value):
                    raise serializers.ValidationError(
                        {key: f"Give a list of up to {LIST_LIMIT} texts"}
                    )
            elif not isinstance(value, str) or len(value) > LONGTEXT_LIMIT:
                raise serializers.ValidationError(
                    {key: f"Give a text of up to {LONGTEXT_LIMIT:,} characters, or a list"}
                )
        return answers


class SignOffIn(SeenIn):
    confirmed = serializers.BooleanField(
        help_text="That this outcome is what your side agreed: the signature."
    )

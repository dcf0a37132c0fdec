"""The administration pages' URLs (under /manage/, in the `web` namespace). Ids only: no names
or anything identifying in a URL."""

from django.urls import path

from .views.manage import (
    agencies,
    closures,
    imports,
    people,
    policies,
    policy_roles,
    retention,
    setup,
    staff,
    status,
    subject_access,
    sweep,
)

urlpatterns = [
    path("", agencies.index, name="manage"),
    path("agencies/", agencies.agency_list, name="manage-agencies"),
    path("agencies/add/", agencies.agency_add, name="manage-agency-add"),
    path("agencies/<int:agency_id>/", agencies.agency_edit, name="manage-agency"),
    path("people/", people.person_list, name="manage-people"),
    path("people/add/", people.person_add, name="manage-person-add"),
    path("people/import/", imports.upload, name="manage-import"),
    path("people/import/confirm/", imports.confirm, name="manage-import-confirm"),
    path("people/<int:person_id>/", people.person_edit, name="manage-person"),
    path(
        "people/<int:person_id>/deactivate/",
        people.person_active,
        {"active": False},
        name="manage-person-deactivate",
    ),
    path(
        "people/<int:person_id>/reactivate/",
        people.person_active,
        {"active": True},
        name="manage-person-reactivate",
    ),
    path(
        "people/<int:person_id>/access-log/",
        people.person_access_log,
        name="manage-person-access-log",
    ),
    path("staff/", staff.staff_list, name="manage-staff"),
    path("staff/add/", staff.staff_add, name="manage-staff-add"),
    path("staff/<int:role_id>/remove/", staff.staff_remove, name="manage-staff-remove"),
    path("setup/", setup.setup_index, name="manage-setup-index"),
    path("setup/new-partnership/", setup.partnership_add, name="manage-partnership-add"),
    path("setup/<int:partnership_id>/", setup.checklist, name="manage-setup"),
    path("setup/<int:partnership_id>/go-live/", setup.go_live, name="manage-go-live"),
    path("setup/<int:partnership_id>/alert-time/", setup.alert_time, name="manage-alert-time"),
    path(
        "setup/<int:partnership_id>/stop-new-cases/",
        setup.stop_new_cases,
        name="manage-stop-new-cases",
    ),
    path("setup/<int:partnership_id>/roles/", policy_roles.role_list, name="manage-policy-roles"),
    path(
        "setup/<int:partnership_id>/roles/add/",
        policy_roles.role_add,
        name="manage-policy-role-add",
    ),
    path(
        "setup/roles/<int:assignment_id>/remove/",
        policy_roles.role_remove,
        name="manage-policy-role-remove",
    ),
    path("setup/<int:partnership_id>/closures/", closures.closure_list, name="manage-closures"),
    path(
        "setup/<int:partnership_id>/closures/add/",
        closures.closure_add,
        name="manage-closure-add",
    ),
    path(
        "setup/closures/<int:closure_id>/remove/",
        closures.closure_remove,
        name="manage-closure-remove",
    ),
    path("policies/", policies.policy_list, name="manage-policies"),
    path("policies/upload/", policies.policy_upload, name="manage-policy-upload"),
    path("policies/<int:version_id>/", policies.policy_version, name="manage-policy"),
    path(
        "policies/<int:version_id>/publish/",
        policies.policy_publish,
        name="manage-policy-publish",
    ),
    path(
        "policies/<int:version_id>/withdraw/",
        policies.policy_withdraw,
        name="manage-policy-withdraw",
    ),
    path("changes/", agencies.changes, name="manage-changes"),
    path("sweep/", sweep.sweep_health, name="manage-sweep"),
    path("status/", status.service_status_page, name="manage-status"),
    path("retention/", retention.retention, name="manage-retention"),
    path(
        "retention/<int:partnership_id>/rule/",
        retention.retention_rule,
        name="manage-retention-rule",
    ),
    path("retention/holds/add/", retention.legal_hold_add, name="manage-legal-hold-add"),
    path(
        "retention/holds/<int:hold_id>/lift/",
        retention.legal_hold_lift,
        name="manage-legal-hold-lift",
    ),
    path("subject-access/", subject_access.subject_access, name="manage-subject-access"),
    path(
        "subject-access/<int:request_id>/",
        subject_access.subject_access_request,
        name="manage-subject-access-request",
    ),
    path(
        "subject-access/<int:request_id>/<str:kind>",
        subject_access.subject_access_download,
        name="manage-subject-access-download",
    ),
]

"""The editorial roles: Redacteur, Eindredacteur, Beheerder; the review workflow "Eindredactie".

Wagtail's own "Editors" and "Moderators" groups become "Redacteur" and "Eindredacteur" (members
and permissions stay), "Beheerder" is new; each gets the permissions listed in
``jv.editorial.roles``. Wagtail's default workflow ("Moderators approval") is renamed to
"Eindredactie" and also applies to the editorial snippets. Superusers that already exist join
the moderators when that group has no members yet, so a submission always reaches somebody.
"""

from django.db import migrations

from jv.editorial import roles

RENAMES = {"Editors": roles.REDACTEUR, "Moderators": roles.EINDREDACTEUR}
OLD_WORKFLOW_NAME = "Moderators approval"


def rename_groups(apps):
    Group = apps.get_model("auth", "Group")
    for old, new in RENAMES.items():
        if not Group.objects.filter(name=new).exists():
            Group.objects.filter(name=old).update(name=new)


def review_workflow(apps):
    """Rename Wagtail's default workflow and its task, or create them; cover the snippets."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    Page = apps.get_model("wagtailcore", "Page")
    moderators = Group.objects.get(name=roles.EINDREDACTEUR)

    Task.objects.filter(name=OLD_WORKFLOW_NAME).update(name=roles.WORKFLOW_NAME)
    workflow = Workflow.objects.filter(name__in=[OLD_WORKFLOW_NAME, roles.WORKFLOW_NAME]).first()
    if workflow is None:
        task_type, _created = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.create(name=roles.WORKFLOW_NAME, content_type=task_type, active=True)
        task.groups.add(moderators)
        workflow = Workflow.objects.create(name=roles.WORKFLOW_NAME, active=True)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        root = Page.objects.filter(depth=1).order_by("path").first()
        if root is not None and not WorkflowPage.objects.filter(page=root).exists():
            WorkflowPage.objects.create(page=root, workflow=workflow)
    else:
        workflow.name = roles.WORKFLOW_NAME
        workflow.save(update_fields=["name"])
    for label in roles.DRAFTED:
        app_label, model = label.split(".")
        content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
        if not WorkflowContentType.objects.filter(content_type=content_type).exists():
            WorkflowContentType.objects.create(content_type=content_type, workflow=workflow)


def superusers_review(apps):
    Group = apps.get_model("auth", "Group")
    User = apps.get_model("auth", "User")
    moderators = Group.objects.get(name=roles.EINDREDACTEUR)
    if not moderators.user_set.exists():
        moderators.user_set.add(*User.objects.filter(is_superuser=True, is_active=True))


def forwards(apps, schema_editor):
    rename_groups(apps)
    roles.apply(apps)
    review_workflow(apps)
    superusers_review(apps)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow.objects.filter(name=roles.WORKFLOW_NAME).update(name=OLD_WORKFLOW_NAME)
    Task.objects.filter(name=roles.WORKFLOW_NAME).update(name=OLD_WORKFLOW_NAME)
    for old, new in RENAMES.items():
        if not Group.objects.filter(name=old).exists():
            Group.objects.filter(name=new).update(name=old)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("dossier", "0003_mark_unverified_resources"),
        ("interventions", "0003_upkeep_fields"),
        ("guides", "0003_upkeep_fields"),
        ("network", "0004_verification_notes"),
        ("region", "0001_initial"),
        ("monitor", "0002_publication_log"),
        ("search", "0002_editor_synonym_permissions"),
        ("upkeep", "0003_verificationflag_label"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

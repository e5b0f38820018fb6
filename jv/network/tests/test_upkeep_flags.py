""" "Te controleren" on a single role of an organisation: on the upkeep dashboard until confirmed."""

import pytest

from jv.network.models import Organisation, OrganisationRole
from jv.network.tests.factories import OrganisationFactory, add_role
from jv.network.upkeep import role_title
from jv.upkeep.models import VerificationFlag
from jv.upkeep.tests.factories import CONFIRM_PART, assert_confirm_refused, to_verify_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def flagged_role(lvb):
    organisation = OrganisationFactory(name="Politie Testeenheid", slug="politie-testeenheid")
    role = add_role(organisation, lvb, "Houdt toezicht op de wijk.", to_verify=True)
    organisation.save_revision().publish()
    return OrganisationRole.objects.get(pk=role.pk)


def revision_role(role):
    organisation = Organisation.objects.get(pk=role.organisation_id)
    return next(r for r in organisation.latest_revision.content["roles"] if r["pk"] == role.pk)


def test_every_flagged_starter_role_is_listed_with_a_link_to_its_organisation(editor_client):
    roles = list(OrganisationRole.objects.filter(to_verify=True).select_related("organisation", "theme"))
    assert roles, "the starter network has roles marked te controleren"
    page = to_verify_section(editor_client)
    for role in roles:
        assert f'name="part" value="role:{role.pk}"' in page
        assert role_title(role) in page
        assert f"/admin/snippets/network/organisation/edit/{role.organisation_id}/" in page
    police = next(r for r in roles if r.theme_id and "Politie" in r.organisation.name)
    assert f"Rol van {police.organisation.name} bij thema {police.theme.title}" in page


def test_confirming_a_role_records_who_and_when_and_switches_the_box_off(editor_client, editor, flagged_role):
    assert "Rol van Politie Testeenheid bij thema" in to_verify_section(editor_client)
    data = {"source": "network.roles", "item": flagged_role.organisation_id, "part": f"role:{flagged_role.pk}"}
    response = editor_client.post(CONFIRM_PART, data)
    assert response.status_code == 302
    flagged_role.refresh_from_db()
    assert flagged_role.to_verify is False
    assert revision_role(flagged_role)["to_verify"] is False
    record = VerificationFlag.objects.get(object_id=str(flagged_role.organisation_id), field=f"role:{flagged_role.pk}")
    assert record.confirmed_by == editor and record.confirmed_at is not None
    assert record.label.startswith("Rol van Politie Testeenheid bij thema")
    assert "Politie Testeenheid" not in to_verify_section(editor_client)
    # Publishing the organisation again from its edit form (latest revision) keeps the role confirmed.
    organisation = Organisation.objects.get(pk=flagged_role.organisation_id)
    organisation.get_latest_revision_as_object().save_revision(user=editor).publish()
    assert not OrganisationRole.objects.filter(organisation=organisation, to_verify=True).exists()


def test_unticking_the_role_in_the_edit_form_takes_it_off_the_list(editor_client, editor, flagged_role):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    organisation = Organisation.objects.get(pk=flagged_role.organisation_id)
    data = nested_form_data(
        {
            "name": organisation.name,
            "slug": organisation.slug,
            "kind": organisation.kind,
            "website": organisation.website,
            "summary": organisation.summary,
            "units": "",
            "region": "",
            "roles": inline_formset(
                [
                    {"id": flagged_role.pk, "theme": flagged_role.theme_id, "role": flagged_role.role, "ORDER": "1"},
                ],
                initial=1,
            ),
            "visibility": organisation.visibility,
            "note": "",
            "verification_note": "",
            "last_reviewed": "",
            "review_interval_months": "",
            "review_owner": "",
            "change_note": "",
            "action-publish": "action-publish",
        }
    )
    response = editor_client.post(f"/admin/snippets/network/organisation/edit/{organisation.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not OrganisationRole.objects.filter(organisation=organisation, to_verify=True).exists()
    assert OrganisationRole.objects.filter(organisation=organisation).count() == 1
    assert "Politie Testeenheid" not in to_verify_section(editor_client)
    record = VerificationFlag.objects.get(object_id=str(organisation.pk), field=f"role:{flagged_role.pk}")
    assert record.confirmed_by == editor and record.confirmed_at is not None


def test_anonymous_visitors_and_editors_without_rights_cannot_confirm(flagged_role):
    data = {"source": "network.roles", "item": flagged_role.organisation_id, "part": f"role:{flagged_role.pk}"}
    assert_confirm_refused(data)
    flagged_role.refresh_from_db()
    assert flagged_role.to_verify is True
    assert not VerificationFlag.objects.filter(field=f"role:{flagged_role.pk}").exists()


@pytest.mark.parametrize(
    "item, part",
    [
        ("999999", "role:{role}"),
        ("{org}", "role:999999"),
        ("{org}", "role:abc"),
        ("{org}", "rol"),
        ("x", "role:{role}"),
    ],
)
def test_bad_input_gives_a_dutch_message_and_changes_nothing(editor_client, flagged_role, item, part):
    values = {"org": str(flagged_role.organisation_id), "role": str(flagged_role.pk)}
    data = {"source": "network.roles", "item": item.format(**values), "part": part.format(**values)}
    response = editor_client.post(CONFIRM_PART, data, follow=True)
    assert response.status_code == 200
    assert "Dit punt staat niet (meer) op de lijst" in response.content.decode()
    flagged_role.refresh_from_db()
    assert flagged_role.to_verify is True


def test_removing_a_flagged_role_is_not_recorded_as_a_confirmation(flagged_role):
    organisation = Organisation.objects.get(pk=flagged_role.organisation_id).get_latest_revision_as_object()
    organisation.roles = []
    organisation.save_revision().publish()
    assert not OrganisationRole.objects.filter(pk=flagged_role.pk).exists()
    assert not VerificationFlag.objects.filter(field=f"role:{flagged_role.pk}").exists()


def test_a_role_of_another_organisation_cannot_be_confirmed_through_this_one(editor_client, flagged_role):
    other = OrganisationFactory()
    data = {"source": "network.roles", "item": other.pk, "part": f"role:{flagged_role.pk}"}
    response = editor_client.post(CONFIRM_PART, data, follow=True)
    assert "Dit punt staat niet (meer) op de lijst" in response.content.decode()
    flagged_role.refresh_from_db()
    assert flagged_role.to_verify is True

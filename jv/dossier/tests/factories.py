import factory

from jv.core.tests.factories import LiveContentFactory, many_to_many
from jv.dossier.models import Resource, ThemeIndexPage, ThemePage


class ResourceFactory(LiveContentFactory):
    class Meta:
        model = Resource

    title = factory.Sequence(lambda n: f"Testbron {n}")
    slug = factory.Sequence(lambda n: f"testbron-{n}")
    kind = Resource.Kind.DOCUMENT
    provider = "VAR"
    scope = Resource.Scope.VAR
    url = factory.Sequence(lambda n: f"https://example.org/bron/{n}")
    summary = "Een bron om mee te testen."
    themes = many_to_many("themes")


def make_theme(title="Testthema", slug="testthema", **fields) -> ThemePage:
    """A published theme page under the theme overview of the starter content."""
    index = ThemeIndexPage.objects.get()
    page = ThemePage(title=title, slug=slug, summary=fields.pop("summary", "Samenvatting van het thema."), **fields)
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def resource_form_data(form, resource) -> dict:
    """The POST data of the resource edit form as the admin shows it (to change a field and send)."""
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name == "themes":
            data[name] = [str(t.pk) for t in resource.themes.all()]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value.pk if hasattr(value, "pk") else value
    return data

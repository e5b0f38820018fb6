from django import template

register = template.Library()


@register.inclusion_tag("search/search_box.html", takes_context=True)
def search_box(context):
    """The small search form in the site header (GET /zoeken/, works without JavaScript)."""
    request = context.get("request")
    query = ""
    if request is not None and request.path.startswith("/zoeken/"):
        query = (request.GET.get("q") or "")[:500]
    return {"query": query}

class SecurityHeadersMiddleware:
    """Headers Django does not set by itself. (CSP comes with the quality-gate work.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        )
        return response


class LanguageMiddleware:
    """Dutch first. English only when the visitor chose it explicitly (language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language header, so an English
    browser would get an English interface around Dutch content. Here the browser header is
    ignored; the footer offers the switch (``/taal/<code>/``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def language_links(request):
    """Links to the current page in each UI language, for the language switcher."""
    current = get_language()
    path = request.get_full_path()
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "url": translate_url(path, code),
                "is_current": code == current,
            }
        )
    return {"language_links": links}


def memberships(request):
    """The signed-in person's memberships, for the context switcher in the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .permissions import memberships_of
    from .views_people import active_membership

    return {"my_memberships": memberships_of(user), "active_membership": active_membership(request)}

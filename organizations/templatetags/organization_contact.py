"""How to get in touch with an NGO: its e-mail, phone and website, each only if given,
for every page that lists them (the profile page, the anonymous referral sheet), rendered
by templates/organizations/includes/contact_links.html inside the page's own <dl>.

    {% load organization_contact %}
    {% contact_links organization phone_first=True as links %}
"""

from django import template
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def contact_links(organization, *, phone_first: bool = False) -> list[dict]:
    """E-mail, phone, website; the client sheet puts the phone first (phone_first). The
    phone's link dials the number without its spaces."""
    email = organization.email and {
        "label": gettext("E-mail"),
        "href": f"mailto:{organization.email}",
        "text": organization.email,
    }
    phone = organization.phone and {
        "label": gettext("Phone"),
        "href": "tel:" + organization.phone.replace(" ", ""),
        "text": organization.phone,
    }
    website = organization.website and {
        "label": gettext("Website"),
        "href": organization.website,
        "text": organization.website,
    }
    ordered = (phone, email, website) if phone_first else (email, phone, website)
    return [link for link in ordered if link]

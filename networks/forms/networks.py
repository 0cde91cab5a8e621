"""Forms of the network pages: the list's filters, the shared board, and the members with
their named representatives."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxLengthValidator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization, ServiceUnit, WelfareArea

from ..models import BoardPost, Network, NetworkMembership
from ..services import NETWORK_FIELDS


class NetworkFilterForm(forms.Form):
    """The list's filters, sent as a plain GET form: ?area=<code>&kind=<kind>."""

    area = forms.ModelChoiceField(
        label=_("Welfare area"),
        queryset=WelfareArea.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All areas"),
        error_messages={"invalid_choice": _("Choose a welfare area from the list.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind of network"),
        choices=[("", _("All kinds")), *Network.Kind.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose a kind of network from the list.")},
    )

    def filter(self, networks: QuerySet[Network]) -> QuerySet[Network]:
        """The networks that match the valid filters; an invalid filter is left out (the
        form shows its error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("area"):
            networks = networks.filter(welfare_area=data["area"])
        if data.get("kind"):
            networks = networks.filter(kind=data["kind"])
        return networks


class BoardPostForm(forms.ModelForm):
    """A post on the board. The model refuses a text with a personal identity code."""

    class Meta:
        model = BoardPost
        fields = ["kind", "body", "expires_on"]
        labels = {
            "kind": _("Kind of post"),
            "body": _("Text"),
            "expires_on": _("Show until (optional)"),
        }
        help_texts = {
            "body": _(
                "Current activities and general observations. Never write about a client: "
                "no names, personal identity codes or other details that identify a person."
            ),
            "expires_on": _("After this day the post is no longer shown. Leave empty to keep it."),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "body": forms.Textarea(attrs={"rows": 5}),
            "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "kind": {
                "required": _("Choose whether the post is a current activity or an observation."),
                "invalid_choice": _(
                    "Choose whether the post is a current activity or an observation."
                ),
            },
            "body": {
                "required": _("Write the text of the post."),
                "max_length": _(
                    "Shorten the text to at most %(limit_value)d characters "
                    "(it has %(show_value)d)."
                ),
            },
            "expires_on": {
                "invalid": _("Enter the date as day, month and year, or leave it empty."),
            },
        }

    def clean_expires_on(self):
        expires_on = self.cleaned_data.get("expires_on")
        if expires_on and expires_on < timezone.localdate():
            raise forms.ValidationError(
                _("Choose today or a later day, or leave the date empty."), code="past"
            )
        return expires_on


def member_value(member: Organization | ServiceUnit) -> str:
    """How a candidate member is named in the form: ngo-<pk> or unit-<pk>."""
    prefix = "ngo" if isinstance(member, Organization) else "unit"
    return f"{prefix}-{member.pk}"


def candidate_organizations(network: Network) -> QuerySet[Organization]:
    """Active NGOs of the network's area (or serving it) that are not members yet."""
    area = network.welfare_area
    return (
        Organization.objects.public()
        .filter(Q(welfare_area=area) | Q(areas=area))
        .exclude(network_memberships__network=network)
        .distinct()
        .order_by("name")
        .only("pk", "name", "slug")
    )


def candidate_units(network: Network) -> QuerySet[ServiceUnit]:
    """Service units of the network's area that are not members yet."""
    return (
        ServiceUnit.objects.filter(welfare_area=network.welfare_area)
        .exclude(network_memberships__network=network)
        .order_by("name")
    )


class MemberChoiceForm(forms.Form):
    """The first step of adding a member: which NGO or unit. Sent with GET, so that the
    next step can list the people of the chosen one without JavaScript."""

    member = forms.ChoiceField(
        label=_("NGO or service unit"),
        help_text=_(
            "Active NGOs and the service units of the network's welfare area that are not "
            "members yet."
        ),
        error_messages={
            "required": _("Choose an NGO or a service unit."),
            "invalid_choice": _(
                "Choose an NGO or a service unit from the list. The one you chose may have "
                "joined the network already."
            ),
        },
    )

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {
            member_value(member): member
            for member in [*candidate_organizations(network), *candidate_units(network)]
        }
        ngos = [(value, str(m)) for value, m in self.candidates.items() if value.startswith("ngo")]
        units = [
            (value, str(m)) for value, m in self.candidates.items() if value.startswith("unit")
        ]
        choices: list = [("", _("Choose…"))]
        if ngos:
            choices.append((_("NGOs"), ngos))
        if units:
            choices.append((_("Service units"), units))
        self.fields["member"].choices = choices

    def clean_member(self) -> Organization | ServiceUnit:
        return self.candidates[self.cleaned_data["member"]]


class RepresentativeChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, user) -> str:
        if user.name:
            return f"{user.name} ({user.email})"
        return user.email


def people_of(member: Organization | ServiceUnit) -> QuerySet:
    """The people with a membership in the NGO or unit: who can represent it."""
    lookup = "organization" if isinstance(member, Organization) else "service_unit"
    return (
        get_user_model()
        .objects.filter(is_active=True, **{f"memberships__{lookup}": member})
        .distinct()
        .order_by("name", "email")
    )


class RepresentativesForm(forms.ModelForm):
    """The named representatives of a member (new or existing), chosen from the people of
    the NGO or unit. Anyone already named stays on the list, so that they can be taken
    off even after they have left the NGO or unit."""

    representatives = RepresentativeChoiceField(
        label=_("Representatives"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_(
            "They are invited to the network's meetings, in their own language. Choose "
            "none if you name them later."
        ),
        error_messages={
            "invalid_choice": _("Choose the representatives from the people listed."),
            "invalid_pk_value": _("Choose the representatives from the people listed."),
        },
    )

    class Meta:
        model = NetworkMembership
        fields = ["representatives"]

    def __init__(self, *args, member: Organization | ServiceUnit, **kwargs):
        super().__init__(*args, **kwargs)
        people = people_of(member)
        if self.instance.pk:
            named = self.instance.representatives.values("pk")
            people = (
                get_user_model()
                .objects.filter(Q(pk__in=people.values("pk")) | Q(pk__in=named))
                .order_by("name", "email")
            )
        self.fields["representatives"].queryset = people
        self.people = list(people)

    @property
    def has_people(self) -> bool:
        return bool(self.people)


# --- Creating and editing a network ------------------------------------------------------

PURPOSE_MAX_LENGTH = 2000
_TOO_LONG = _("Shorten the text to at most %(limit_value)d characters (it has %(show_value)d).")


def network_coordinator_candidates(areas: QuerySet[WelfareArea], network: Network | None):
    """Who can be named to run a network: the active people of the areas (their
    coordinators, the people of their service units and active NGOs), and anyone already
    named, so that they can be taken off the list."""
    users = get_user_model().objects
    in_areas = users.filter(
        Q(memberships__welfare_area__in=areas)
        | Q(memberships__service_unit__welfare_area__in=areas)
        | Q(
            memberships__organization__welfare_area__in=areas,
            memberships__organization__status=Organization.Status.ACTIVE,
        ),
        is_active=True,
    ).values("pk")
    chosen = Q(pk__in=in_areas)
    if network is not None and network.pk:
        chosen |= Q(pk__in=network.coordinators.values("pk"))
    return users.filter(chosen).order_by("name", "email")


class NetworkForm(forms.ModelForm):
    """A network's name and purpose in Finnish (required), Swedish and English, its kind,
    theme and welfare area (one the person coordinates), and the people who run it."""

    coordinators = RepresentativeChoiceField(
        label=_("Coordinators"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_(
            "They run the network: its members, meetings and board. The welfare area's "
            "coordinators can always do so too."
        ),
        error_messages={
            "invalid_choice": _("Choose the coordinators from the people listed."),
            "invalid_pk_value": _("Choose the coordinators from the people listed."),
        },
    )

    class Meta:
        model = Network
        fields = [*NETWORK_FIELDS, "coordinators"]
        labels = {
            "name_fi": _("Name in Finnish"),
            "name_sv": _("Name in Swedish (optional)"),
            "name_en": _("Name in English (optional)"),
            "purpose_fi": _("Purpose in Finnish"),
            "purpose_sv": _("Purpose in Swedish (optional)"),
            "purpose_en": _("Purpose in English (optional)"),
            "kind": _("Kind of network"),
            "theme": _("Theme (optional)"),
            "welfare_area": _("Welfare area"),
        }
        help_texts = {
            "name_sv": _("Without a Swedish name, Swedish pages show the Finnish one."),
            "name_en": _("Without an English name, English pages show the Finnish one."),
            "purpose_fi": _("Who the network is for and what it does, in a few sentences."),
            "welfare_area": _("The area whose NGOs and units can join the network."),
        }
        widgets = {
            "purpose_fi": forms.Textarea(attrs={"rows": 4}),
            "purpose_sv": forms.Textarea(attrs={"rows": 4}),
            "purpose_en": forms.Textarea(attrs={"rows": 4}),
            "kind": forms.RadioSelect,
        }
        error_messages = {
            "name_fi": {
                "required": _("Give the network a name in Finnish."),
                "max_length": _TOO_LONG,
            },
            "name_sv": {"max_length": _TOO_LONG},
            "name_en": {"max_length": _TOO_LONG},
            "purpose_fi": {"required": _("Write the network's purpose in Finnish.")},
            "kind": {
                "required": _("Choose the kind of network."),
                "invalid_choice": _("Choose the kind of network."),
            },
            "theme": {"invalid_choice": _("Choose a theme from the list.")},
            "welfare_area": {
                "required": _("Choose the welfare area of the network."),
                "invalid_choice": _("Choose one of the welfare areas you coordinate."),
            },
        }

    sections = (
        (_("Name"), "section-name", ("name_fi", "name_sv", "name_en")),
        (_("Purpose"), "section-purpose", ("purpose_fi", "purpose_sv", "purpose_en")),
        (
            _("Kind, theme and area"),
            "section-kind",
            ("kind", "theme", "welfare_area"),
        ),
        (_("Who runs it"), "section-coordinators", ("coordinators",)),
    )

    def __init__(self, *args, areas: QuerySet[WelfareArea], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_fi"].required = True
        self.fields["purpose_fi"].required = True
        for name in ("purpose_fi", "purpose_sv", "purpose_en"):
            field = self.fields[name]
            field.max_length = PURPOSE_MAX_LENGTH
            field.widget.attrs["maxlength"] = PURPOSE_MAX_LENGTH
            field.validators.append(MaxLengthValidator(PURPOSE_MAX_LENGTH))
            field.error_messages["max_length"] = _TOO_LONG
        area_field = self.fields["welfare_area"]
        area_field.queryset = areas
        area_field.empty_label = None if areas.count() == 1 else _("Choose…")
        self.fields["theme"].empty_label = _("No theme")
        people = network_coordinator_candidates(areas, self.instance)
        self.fields["coordinators"].queryset = people

    def fieldsets(self) -> list[dict]:
        return [
            {"legend": legend, "id": section_id, "fields": [self[name] for name in names]}
            for legend, section_id, names in self.sections
        ]

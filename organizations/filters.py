"""The directory's filters, shared by the HTML directory and the JSON API."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .languages import normalize_language_code
from .models import Organization, TargetGroup, Theme, WelfareArea


class FlagFilter(django_filters.BooleanFilter):
    """A checkbox: `name=1` keeps the NGOs with the flag; absent means no filter."""

    field_class = forms.BooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxInput(attrs={"value": "1"}))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.filter(**{self.field_name: True}) if value else qs


class DirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_nothing")
    language = django_filters.CharFilter(label=_("Language"), method="filter_language")
    theme = django_filters.ModelMultipleChoiceFilter(
        label=_("Theme"),
        field_name="themes__slug",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    target_group = django_filters.ModelMultipleChoiceFilter(
        label=_("Target group"),
        field_name="target_groups__slug",
        to_field_name="slug",
        queryset=TargetGroup.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Welfare area"),
        to_field_name="code",
        queryset=WelfareArea.objects.all(),
        method="filter_area",
        empty_label=_("All areas"),
    )
    accepts_referrals = FlagFilter(label=_("Accepts referrals"), field_name="accepts_referrals")
    outside_office_hours = FlagFilter(
        label=_("Open evenings or weekends"), field_name="outside_office_hours"
    )
    escort = FlagFilter(label=_("Volunteers can escort"), field_name="escort_volunteers")
    interpreting = FlagFilter(
        label=_("Volunteers can interpret"), field_name="interpreting_volunteers"
    )
    online = FlagFilter(label=_("Services online"), field_name="online_services")

    class Meta:
        model = Organization
        fields: list[str] = []

    def filter_nothing(self, queryset, name, value):
        return queryset  # text search is applied by the selector, which also ranks

    def filter_language(self, queryset, name, value):
        code = normalize_language_code(value)
        if code is None:
            return queryset.none()
        return queryset.filter(languages__code=code)

    def filter_area(self, queryset, name, value):
        return queryset.filter(Q(areas=value) | Q(welfare_area=value))

    def clean_language(self):
        return self.form.cleaned_data.get("language")


FACETS = ("language", "theme", "target_group", "area")

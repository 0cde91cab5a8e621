"""The network pages: the public list and profile of each network, its shared board for
the people who take part, and the coordinators' pages for members and their named
representatives (Co-Act step 9). Thin views over networks.services; who may do what is
answered by networks/rules.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coact.permissions import require
from organizations.models import Organization, WelfareArea

from .. import services
from ..forms.networks import (
    BoardPostForm,
    MemberChoiceForm,
    NetworkFilterForm,
    NetworkForm,
    RepresentativesForm,
)
from ..models import BoardPost, Meeting, Network, NetworkMembership

MANAGE_NETWORK = "networks.manage_network"
TAKE_PART = "networks.take_part_in_network"
UPCOMING_LIMIT = 10
BOARD_LIMIT = 50
BOARD_TEMPLATE = "networks/includes/board_posts.html"


def _visible_networks(user):
    return Network.objects.visible_to(user).select_related("welfare_area", "theme")


def _network(request, slug: str, perm: str | None = None) -> Network:
    """The network (404 if there is none), if the person may do `perm` to it (else 403)."""
    network = get_object_or_404(_visible_networks(request.user), slug=slug)
    if perm:
        require(request.user, perm, network)
    return network


# --- The list and the profile ------------------------------------------------------------


def network_list(request):
    form = NetworkFilterForm(request.GET)
    networks = form.filter(
        _visible_networks(request.user).annotate(member_count=Count("memberships"))
    )
    return render(
        request,
        "networks/network_list.html",
        {
            "form": form,
            "networks": list(networks),
            "filtered": form.is_valid() and any(form.cleaned_data.values()),
        },
    )


def network_detail(request, slug):
    network = _network(request, slug)
    return render(request, "networks/network_detail.html", _detail_context(request, network))


def _detail_context(request, network: Network, *, board_form=None) -> dict:
    user = request.user
    can_manage = user.has_perm(MANAGE_NETWORK, network)
    can_take_part = can_manage or user.has_perm(TAKE_PART, network)
    context = {
        "network": network,
        "coordinators": sorted(network.coordinators.all(), key=lambda u: str(u).casefold()),
        "can_manage": can_manage,
        "can_take_part": can_take_part,
        "feed_url": request.build_absolute_uri(reverse("network_feed", args=[network.slug])),
        **_members(network, with_representatives=can_take_part),
        **_upcoming(network, everything=can_take_part),
    }
    if can_take_part:
        context.update(_board_context(request, network, form=board_form))
    return context


def _members(network: Network, *, with_representatives: bool) -> dict:
    """The member NGOs (active ones: the others have no public profile) and units."""
    memberships = network.memberships.select_related("organization", "service_unit")
    if with_representatives:
        memberships = memberships.prefetch_related(
            Prefetch(
                "representatives",
                queryset=get_user_model().objects.order_by("name", "email"),
            )
        )
    ngos, units = [], []
    for membership in memberships:
        if membership.service_unit_id:
            units.append(membership)
        elif membership.organization.status == Organization.Status.ACTIVE:
            ngos.append(membership)
    return {
        "member_ngos": sorted(ngos, key=lambda m: m.organization.name.casefold()),
        "member_units": sorted(units, key=lambda m: m.service_unit.name.casefold()),
    }


def _upcoming(network: Network, *, everything: bool) -> dict:
    """The next meetings: public ones that go ahead for everyone, all of them (cancelled
    ones marked) for the people who take part."""
    meetings = network.meetings.filter(start__gt=timezone.now()).order_by("start")
    if not everything:
        meetings = meetings.filter(public=True).exclude(status=Meeting.Status.CANCELLED)
    upcoming = list(meetings[: UPCOMING_LIMIT + 1])
    return {
        "meetings": upcoming[:UPCOMING_LIMIT],
        "more_meetings": len(upcoming) > UPCOMING_LIMIT,
        "upcoming_limit": UPCOMING_LIMIT,
    }


def _board_context(request, network: Network, *, form=None) -> dict:
    posts = (
        network.posts.filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=timezone.localdate())
        ).select_related("author")
    )[: BOARD_LIMIT + 1]
    posts = list(posts)
    return {
        "network": network,
        "posts": posts[:BOARD_LIMIT],
        "more_posts": len(posts) > BOARD_LIMIT,
        "board_limit": BOARD_LIMIT,
        "board_form": form or BoardPostForm(),
        "can_manage": request.user.has_perm(MANAGE_NETWORK, network),
    }


# --- Creating and editing a network -------------------------------------------------------

CREATE = "networks.create_network"


def _areas_for(user, network: Network | None = None):
    """The areas a network can be put in: those the person coordinates (all for a
    superuser), and the network's own, so that a network coordinator can keep it."""
    chosen = Q(pk__in=WelfareArea.objects.coordinated_by(user).values("pk"))
    if network is not None:
        chosen |= Q(pk=network.welfare_area_id)
    return WelfareArea.objects.filter(chosen).order_by("name")


@login_required
def network_new(request):
    require(request.user, CREATE)
    form = NetworkForm(
        request.POST if request.method == "POST" else None,
        areas=_areas_for(request.user),
        initial={"coordinators": [request.user.pk]},
    )
    if request.method == "POST" and form.is_valid():
        network = services.network_create(by=request.user, data=form.cleaned_data)
        messages.success(
            request,
            _("The network %(name)s was created. Next, add its members and schedule its meetings.")
            % {"name": network.name},
        )
        return redirect("network_detail", network.slug)
    return render(
        request,
        "networks/network_form.html",
        {"form": form, "network": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def network_edit(request, slug):
    network = _network(request, slug, MANAGE_NETWORK)
    form = NetworkForm(
        request.POST if request.method == "POST" else None,
        instance=network,
        areas=_areas_for(request.user, network),
    )
    if request.method == "POST" and form.is_valid():
        changed = services.network_update(
            network=Network.objects.get(pk=network.pk), by=request.user, data=form.cleaned_data
        )
        if changed:
            messages.success(request, _("The network's information was saved."))
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect("network_detail", network.slug)
    return render(
        request,
        "networks/network_form.html",
        {"form": form, "network": network},
        status=400 if request.method == "POST" else 200,
    )


# --- The board ---------------------------------------------------------------------------


@login_required
@require_POST
def board_post(request, slug):
    """A post from the board's form. Without JavaScript the page is loaded again; with
    htmx only the board is sent back, with a 200 even for errors, since htmx swaps in
    only successful responses."""
    network = _network(request, slug, TAKE_PART)
    form = BoardPostForm(request.POST, instance=BoardPost(network=network, author=request.user))
    if form.is_valid():
        try:
            services.board_post_create(network=network, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
    if not form.errors:
        messages.success(request, _("Your post is on the board."))
        if request.htmx:
            return _board_response(request, network)
        return redirect(reverse("network_detail", args=[slug]) + "#board")
    if request.htmx:
        return _board_response(request, network, form=form)
    return render(
        request,
        "networks/network_detail.html",
        _detail_context(request, network, board_form=form),
        status=400,
    )


def _board_response(request, network: Network, *, form=None):
    context = {**_board_context(request, network, form=form), "htmx_swap": True}
    return render(request, BOARD_TEMPLATE, context)


@login_required
@require_POST
def board_delete(request, slug, post_id):
    """The author takes a post down; a network manager can remove anyone's. A post is
    found only by those who see the board, so for others it does not exist."""
    network = _network(request, slug)
    visible = network.posts.all()
    if not request.user.has_perm(TAKE_PART, network):
        visible = visible.none()
    post = get_object_or_404(visible, pk=post_id)
    require(request.user, "networks.remove_board_post", post)
    services.board_post_remove(post=post, by=request.user)
    messages.success(request, _("The post was removed from the board."))
    return redirect(reverse("network_detail", args=[slug]) + "#board")


# --- Members and their representatives ----------------------------------------------------


def _memberships_with_people(network: Network):
    return (
        network.memberships.select_related("organization", "service_unit")
        .prefetch_related(
            Prefetch(
                "representatives",
                queryset=get_user_model().objects.order_by("name", "email"),
            )
        )
        .order_by("organization__name", "service_unit__name")
    )


@login_required
def network_members(request, slug):
    """Members and their representatives, and adding a member in two steps that work
    without JavaScript: choose the NGO or unit (GET), then its representatives (POST)."""
    network = _network(request, slug, MANAGE_NETWORK)
    source = request.POST if request.method == "POST" else request.GET
    chooser = MemberChoiceForm(source if "member" in source else None, network=network)
    member = chooser.cleaned_data["member"] if chooser.is_valid() else None
    form = None
    status = 200
    if member is not None:
        form = RepresentativesForm(
            request.POST if request.method == "POST" else None,
            instance=NetworkMembership(network=network),
            member=member,
            initial=_suggested_representatives(member),
        )
        if request.method == "POST" and form.is_valid():
            kind = "organization" if isinstance(member, Organization) else "service_unit"
            services.network_member_add(
                network=network,
                by=request.user,
                representatives=form.cleaned_data["representatives"],
                **{kind: member},
            )
            messages.success(
                request,
                _("%(member)s is now a member of the network.") % {"member": member},
            )
            return redirect("network_members", slug)
    if request.method == "POST":
        status = 400  # either step's form has the errors
    return render(
        request,
        "networks/network_members.html",
        {
            "network": network,
            "memberships": _memberships_with_people(network),
            "chooser": chooser,
            "member": member,
            "form": form,
        },
        status=status,
    )


def _suggested_representatives(member) -> dict:
    """A unit's named network representative is ticked to start with."""
    representative_id = getattr(member, "representative_id", None)
    return {"representatives": [representative_id]} if representative_id else {}


@login_required
def network_member_edit(request, slug, membership_id):
    """Change a member's representatives, or (a separate button) remove the member."""
    network = _network(request, slug, MANAGE_NETWORK)
    membership = get_object_or_404(
        network.memberships.select_related("organization", "service_unit"), pk=membership_id
    )
    member = membership.member
    if request.method == "POST" and "remove" in request.POST:
        services.network_member_remove(membership=membership, by=request.user)
        messages.success(
            request, _("%(member)s was removed from the network.") % {"member": member}
        )
        return redirect("network_members", slug)
    form = RepresentativesForm(
        request.POST if request.method == "POST" else None, instance=membership, member=member
    )
    if request.method == "POST" and form.is_valid():
        services.network_representatives_set(
            membership=membership,
            by=request.user,
            representatives=form.cleaned_data["representatives"],
        )
        messages.success(
            request, _("The representatives of %(member)s were saved.") % {"member": member}
        )
        return redirect("network_members", slug)
    return render(
        request,
        "networks/network_member_edit.html",
        {"network": network, "membership": membership, "member": member, "form": form},
        status=400 if request.method == "POST" else 200,
    )

"""The API's one pagination: 50 a page, `page` from 1; a page past the last is a 404 and
a page that is not a whole number from 1 up a 400. Answers are
{"count", "next", "previous", "results"} with absolute links to the neighbours."""

from typing import Annotated, Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from coact.request_guard import BIGINT_MAX, whole_number

from .errors import not_found

PAGE_SIZE = 50
PAGE_ERROR = "must be a whole number from 1 up"


def _page(value: Any) -> int:
    number = value if isinstance(value, int) and not isinstance(value, bool) else None
    if number is None and isinstance(value, str):
        number = whole_number(value)
    if number is None or not 1 <= number <= BIGINT_MAX:
        raise PydanticCustomError("page", PAGE_ERROR)
    return number


PageNumber = Annotated[int, BeforeValidator(_page)]


class Pages(PaginationBase):
    class Input(Schema):
        page: PageNumber = Field(
            1, ge=1, le=BIGINT_MAX, description=f"The page, 1 to the last; {PAGE_SIZE} a page."
        )

    class Output(Schema):
        count: int
        next: str | None
        previous: str | None
        results: list[Any]

    items_attribute = "results"
    page_size = PAGE_SIZE

    def paginate_queryset(self, queryset, pagination: Input, request: HttpRequest, **params):
        """`queryset` is a QuerySet, or a Paginator that knows its count already."""
        paginator = queryset if isinstance(queryset, Paginator) else Paginator(queryset, PAGE_SIZE)
        number = pagination.page
        if number > max(paginator.num_pages, 1):
            raise not_found("no such page")
        page = paginator.page(number)

        def link(to: int) -> str:
            query = request.GET.copy()
            query["page"] = str(to)
            return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

        return {
            "count": paginator.count,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": page.object_list,
        }

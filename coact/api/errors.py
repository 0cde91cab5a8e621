"""The API's one error format: {"error": what went wrong, "fields": {parameter: [why]}}.

A refused parameter is a 400 naming it (pydantic's checks and the domain's own, such as
a slug that names nothing, give the same shape), anything not found a 404."""

from django.http import Http404, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import ValidationError


class Error(Schema):
    error: str
    fields: dict[str, list[str]] | None = None


class ApiError(Exception):
    def __init__(self, status: int, error: str, fields: dict[str, list[str]] | None = None):
        super().__init__(error)
        self.status = status
        self.error = error
        self.fields = fields


def invalid_parameters(fields: dict[str, list[str]]) -> ApiError:
    return ApiError(400, "invalid parameters", fields)


def not_found(error: str = "not found") -> ApiError:
    return ApiError(404, error)


def body(error: str, fields: dict[str, list[str]] | None = None) -> dict:
    return {"error": error, **({"fields": fields} if fields else {})}


# Every operation documents these beside its 200.
RESPONSES = {400: Error, 404: Error}


def install(api: NinjaAPI) -> None:
    def respond(request, status: int, data: dict) -> HttpResponse:
        return api.create_response(request, data, status=status)

    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        return respond(request, exc.status, body(exc.error, exc.fields))

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        fields: dict[str, list[str]] = {}
        for item in exc.errors:
            location = [str(part) for part in item.get("loc", ()) if part not in ("query", "path")]
            name = location[0] if location else "request"
            fields.setdefault(name, []).append(item.get("msg", "invalid"))
        return respond(request, 400, body("invalid parameters", fields))

    @api.exception_handler(Http404)
    def missing(request, exc: Http404):
        return respond(request, 404, body("not found"))

"""PLACEHOLDER: to be written (issue 11). Every function here must be replaced."""


def anonymous_sheet(request, *args, **kwargs):
    raise NotImplementedError("sheets.anonymous_sheet")


def anonymous_sheet_pdf(request, *args, **kwargs):
    raise NotImplementedError("sheets.anonymous_sheet_pdf")

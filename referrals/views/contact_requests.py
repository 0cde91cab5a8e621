"""PLACEHOLDER: to be written (issue 11). Every function here must be replaced."""


def request_list(request, *args, **kwargs):
    raise NotImplementedError("contact_requests.request_list")


def request_new(request, *args, **kwargs):
    raise NotImplementedError("contact_requests.request_new")


def request_detail(request, *args, **kwargs):
    raise NotImplementedError("contact_requests.request_detail")


def request_answer(request, *args, **kwargs):
    raise NotImplementedError("contact_requests.request_answer")


def request_close(request, *args, **kwargs):
    raise NotImplementedError("contact_requests.request_close")


def request_withdraw(request, *args, **kwargs):
    raise NotImplementedError("contact_requests.request_withdraw")

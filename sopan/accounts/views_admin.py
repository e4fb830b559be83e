"""Placeholder, replaced in the next commit."""

from django.http import HttpResponse


def organization_settings(request):
    return HttpResponse()


unit_list = user_list = organization_settings

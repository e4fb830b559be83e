from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _


@login_required
def index(request):
    return render(request, "example_module/index.html", {"greeting": _("Greetings from the example module")})

"""The regional view as JSON: every municipality the caller holds a role in, side by side."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from lagesbild.api import serializers_read as out
from lagesbild.api.views_read import READ_ERRORS, ReadView
from lagesbild.regional.services import regional_view


class RegionView(ReadView):
    """The last complete week's reports and change, alerts, open and overdue measures and Brå's
    rate per 100 000 of last year, for each municipality the caller holds a role in, each as
    their role there allows (an organisation's token: its one municipality)."""

    @extend_schema(responses={200: out.RegionSerializer, **READ_ERRORS})
    def get(self, request: Request) -> Response:
        if not self.viewer().has_access:
            raise Http404  # a member of no municipality, as everywhere else
        view = regional_view(self.viewer(), timezone.localdate())
        return Response(view.as_dict())

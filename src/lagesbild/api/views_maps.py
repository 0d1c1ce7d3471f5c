"""The analysis map as JSON: the kernel density grid and the districts' rates per 1 000.

The same callers as the other analysis endpoints (``views_analysis.AnalysisView``): a session of
the municipality's analysts, coordinators and admins; organisation tokens get 403.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from lagesbild.analysis import maps
from lagesbild.analysis.params import API_NAMES, ParamError, parse_window
from lagesbild.api import serializers_analysis as answers
from lagesbild.api.views_analysis import ANALYSIS_ERRORS, WINDOW, AnalysisView
from lagesbild.api.views_read import MUNICIPALITY, invalid


def _metres(params: Mapping[str, str], name: str, low: float, high: float) -> float | None:
    """An optional number of metres within [low, high]."""
    raw = params.get(name, "")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and low <= value <= high):
        raise ParamError(
            {
                name: _("Ange ett antal meter mellan %(low)g och %(high)g.")
                % {"low": low, "high": high}
            }
        )
    return value


class DensityView(AnalysisView):
    """Quartic kernel density of the located reports in the window, per km² on a metric grid;
    held back (``held_back``, no cells) below ``min_points`` located reports."""

    @extend_schema(
        parameters=[
            MUNICIPALITY,
            *WINDOW,
            OpenApiParameter(
                "bandwidth",
                float,
                description="Search radius in metres (50-5000); default Scott's rule, "
                "sqrt(8) x standard distance x n^(-1/6), within 100-2000 m.",
            ),
            OpenApiParameter(
                "cell", float, description="Cell size in metres (10-1000); default bandwidth / 4."
            ),
        ],
        responses={200: answers.DensitySerializer, **ANALYSIS_ERRORS},
        description="With fewer than min_points (10) located reports no surface is computed: "
        "held_back is true, held_back_reason 'too_few_points' and cells empty; points gives "
        "their number.",
    )
    def get(self, request: Request) -> Response:
        municipality = self.analysed_municipality()
        params = request.query_params
        try:
            window = parse_window(params, 1, API_NAMES)
            bandwidth = _metres(params, "bandwidth", maps.MIN_BANDWIDTH_M, maps.MAX_BANDWIDTH_M)
            cell = _metres(params, "cell", maps.MIN_CELL_M, maps.MAX_CELL_M)
        except ParamError as exc:
            raise invalid(exc.errors) from None
        heat = maps.density(self.viewer(), municipality, window, bandwidth, cell)
        return Response(maps.density_dict(heat, window))


class DistrictRatesView(AnalysisView):
    """Counted reports per district in the window and per 1 000 inhabitants where known."""

    @extend_schema(
        parameters=[MUNICIPALITY, *WINDOW],
        responses={200: answers.DistrictRatesSerializer, **ANALYSIS_ERRORS},
        description="A window that begins before reporting counts only the weeks since "
        "(counted_first_week, counted_weeks, reporting_note). The map colours a district by its "
        "empirical Bayes rate (per_1000_smoothed), not its raw per_1000.",
    )
    def get(self, request: Request) -> Response:
        municipality = self.analysed_municipality()
        try:
            window = parse_window(request.query_params, 1, API_NAMES)
        except ParamError as exc:
            raise invalid(exc.errors) from None
        rates = maps.district_rates(self.viewer(), municipality, window)
        return Response(maps.rates_dict(rates))

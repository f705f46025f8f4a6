"""Filters for the agreement page: {{ figures|figure:"exact" }} shows a share to three places,
or a dash where there is nothing to compare."""

from django import template

register = template.Library()


@register.filter
def figure(figures: dict, key: str) -> str:
    value = figures.get(key)
    return "–" if value is None else f"{value:.3f}"


@register.filter
def role_f1(f1: dict, role: str) -> dict:
    return f1[role]

"""Every problem of one icon, ``ICON`` or ``ICON_DISABLED``: its image, its style, its rendering.

Puts the icon rules together in the order the form shows them; only ``ICON`` requires an image.
"""

from __future__ import annotations

from gui.core.model.connector import ICON_KEYS, IconSpec
from gui.core.model.validation.icon_image import data_image_findings
from gui.core.model.validation.icon_render import render_finding
from gui.core.model.validation.icon_style import check_icon_css
from gui.core.model.validation.problems import Problem, error, warning
from gui.core.model.validation.shared_rules import check_text, php_empty, unknown_key_problem


def check_icon(prefix: str, icon: IconSpec, *, required: bool, check_render: bool) -> list[Problem]:
    """Problems of ``ICON`` or ``ICON_DISABLED`` (whose ``DATA_IMAGE`` is optional)."""
    field = f"{prefix}.DATA_IMAGE"
    problems: list[Problem] = []
    data_image = icon.data_image
    image_ok = False
    text_problem = check_text(field, data_image)
    if text_problem:
        problems.append(text_problem)
    elif php_empty(data_image):
        if required:
            problems.append(
                error(
                    field,
                    "ICON_REQUIRED",
                    f"{field} is empty. Import an SVG icon; the portal refuses a connector "
                    "without one.",
                )
            )
        else:
            problems.append(
                warning(
                    field,
                    "ICON_DISABLED_FALLBACK",
                    f"{field} is empty, so while the connector is not connected Bitrix24 "
                    "shows the active icon on the disabled colour. Import a separate icon if "
                    "you want a different look.",
                )
            )
    else:
        findings, image_ok = data_image_findings(data_image)
        problems.extend(finding.at(field) for finding in findings)
    css_problems = check_icon_css(prefix, icon)
    problems.extend(css_problems)
    for key in icon.extra:
        problems.append(unknown_key_problem(f"{prefix}.{key}", str(key), ICON_KEYS))
    if check_render and image_ok and not css_problems:
        finding = render_finding(prefix, data_image, icon.color, icon.size, icon.position)
        if finding:
            problems.append(finding.at(field))
    return problems

from django import template

from transparency.notifications import awaiting, returned_to

register = template.Library()


@register.inclusion_tag("transparency/awaiting_you.html", takes_context=True)
def awaiting_you(context):
    """{% awaiting_you %}: the decision records waiting for the signed-in officer's step,
    and those returned to them with comments."""
    user = context["request"].user
    panels = awaiting(user) if user.is_authenticated else []
    returned = returned_to(user) if user.is_authenticated else []
    return {"panels": panels, "has_step": bool(panels), "returned": returned}

from django import template

from pcc_portal.registry import my_work as my_work_panels

register = template.Library()


@register.inclusion_tag("transparency/my_work.html", takes_context=True)
def my_work(context):
    """{% my_work %}: the signed-in officer's "My work" on the admin home, one panel for
    each kind of work that has something (``pcc_portal.registry.my_work``)."""
    user = context["request"].user
    return {"panels": my_work_panels(user) if user.is_authenticated else []}

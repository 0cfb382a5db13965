from django.conf import settings


def site(request):
    """What every public page needs: the service name and the office publishing."""
    from pcc_portal.models import Office

    return {
        "site_name": settings.SITE_NAME,
        "offices": Office.objects.all(),
    }

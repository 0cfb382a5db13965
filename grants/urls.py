app_name = "grants"

urlpatterns = []

app_name = "decisions"

urlpatterns = []

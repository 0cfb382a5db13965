from django.urls import path

from commissioning import open_data, views

app_name = "commissioning"

urlpatterns = [
    path("contracts/", views.contract_list, name="list"),
    path("contracts.csv", open_data.contracts_csv, name="csv"),
    path("contracts.json", open_data.contracts_json, name="json"),
    path("open-data/contracts-ocds.json", open_data.contracts_ocds, name="ocds"),
    path("contracts/<slug:slug>/", views.contract_detail, name="detail"),
    path("contracts/<slug:slug>/contract.pdf", views.contract_copy, name="copy"),
]

from django.urls import path

from . import api

urlpatterns = [
    path("wijken/", api.WijkList.as_view(), name="api-participation-wijk-list"),
    path("themes/", api.ThemeList.as_view(), name="api-participation-theme-list"),
    path("conversations/", api.ConversationList.as_view(), name="api-participation-conversation-list"),
    path(
        "conversations/import/",
        api.ConversationImport.as_view(),
        name="api-participation-conversation-import",
    ),
    path(
        "conversations/<int:pk>/",
        api.ConversationDetail.as_view(),
        name="api-participation-conversation-detail",
    ),
    path("norm/", api.NormView.as_view(), name="api-participation-norm"),
    path("quality/", api.QualityView.as_view(), name="api-participation-quality"),
    path("public-summary/", api.PublicSummaryPreview.as_view(), name="api-participation-public-summary"),
    path("initiatives/", api.InitiativeList.as_view(), name="api-participation-initiative-list"),
    path("initiatives/<int:pk>/", api.InitiativeDetail.as_view(), name="api-participation-initiative-detail"),
    path(
        "initiatives/<int:pk>/transitions/",
        api.InitiativeTransitionList.as_view(),
        name="api-participation-initiative-transitions",
    ),
    path("cocreation/", api.CoCreationList.as_view(), name="api-participation-cocreation-list"),
    path("cocreation/rollup/", api.CoCreationRollUp.as_view(), name="api-participation-cocreation-rollup"),
]

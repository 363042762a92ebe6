from django.urls import path

from . import one_page, paper, public_views

urlpatterns = [
    path("<slug:slug>/", public_views.answer, name="answer"),
    path("<slug:slug>/alle/", one_page.answer_all, name="answer_all"),
    path("<slug:slug>/weiter/<str:token>/", public_views.resume, name="resume"),
    path("<slug:slug>/danke/", public_views.thanks, name="thanks"),
    path("<slug:slug>/datenschutz/", public_views.privacy_notice, name="privacy"),
    path("<slug:slug>/qr/<str:token>.svg", public_views.channel_qr, name="channel_qr"),
    path("<slug:slug>/druck/", paper.print_version, name="print"),
    path("<slug:slug>/erfassen/", paper.paper_entry, name="paper_entry"),
]

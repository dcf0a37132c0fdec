"""The partnership's board, trends, learning and quarterly report (under `partnership/`).

Ids travel in query strings (`?partnership=3`, `?point=12`), never anything identifying.
"""

from django.urls import path

from .views import board, learning, national, report, themes, trends

urlpatterns = [
    path("", board.board, name="partnership-board"),
    path("trends/", trends.trends, name="partnership-trends"),
    path("learning/", learning.learning, name="partnership-learning"),
    path(
        "learning/points/add/",
        learning.learning_point_add,
        name="partnership-learning-point-add",
    ),
    path(
        "learning/points/change/",
        learning.learning_point_change,
        name="partnership-learning-point",
    ),
    path(
        "learning/good-practice/add/",
        learning.recognition_add,
        name="partnership-recognition-add",
    ),
    path("themes/", themes.themes, name="partnership-themes"),
    path("report/", report.report, name="partnership-report"),
    path("report/pdf/", report.report_pdf_download, name="partnership-report-pdf"),
    path("report/spreadsheet/", report.report_xlsx_download, name="partnership-report-xlsx"),
    path("national/", national.national, name="partnership-national"),
]

from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "mestring.exchange"
    label = "exchange"

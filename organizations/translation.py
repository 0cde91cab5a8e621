from modeltranslation.translator import TranslationOptions, register

from .models import ServiceUnit, WelfareArea


@register(WelfareArea)
class WelfareAreaTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(ServiceUnit)
class ServiceUnitTranslationOptions(TranslationOptions):
    fields = ("name",)

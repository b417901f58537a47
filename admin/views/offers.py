"""Offers, sites and providers: sqladmin model views that validate like the import."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar, cast

from sqladmin import ModelView
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from wtforms import Form, SelectField, StringField
from wtforms.validators import InputRequired

from admin.validation import ListField, import_checked_form
from offer_db.imports.fields import FIELDS
from offer_db.models import Offer, Provider, Site
from offer_db.vocabulary import Category, CostKind, CourseType, FreePlaces, TargetGroup


def _choices(enum: type[StrEnum], optional: bool = False) -> dict[str, Any]:
    codes = [(member.value, member.value) for member in enum]
    return {"choices": [("", "—"), *codes] if optional else codes}


def _labels(kind: str) -> dict[str, str]:
    """The German column names of the import sheets, so staff see the same words."""
    return {f.key: f.label_de for f in FIELDS[kind]}


class ImportCheckedView(ModelView):
    """A model view whose form runs the import's checks for `import_kind` (errors per field)."""

    import_kind: ClassVar[str]
    # Columns sqladmin leaves out of forms (foreign keys without a relationship).
    extra_form_fields: ClassVar[dict[str, Any]] = {}

    # Relations chosen from a list labelled by name (sqladmin would show the models' repr).
    named_relations: ClassVar[dict[str, type[Provider] | type[Site]]] = {}

    async def scaffold_form(self, rules: list[str] | None = None) -> type[Form]:
        base = await super().scaffold_form(rules)
        fields = dict(self.extra_form_fields)
        if self.named_relations:
            choices = await run_in_threadpool(self._relation_choices)
            for name, options in choices.items():
                label = self._column_labels.get(name, name)
                fields[name] = SelectField(
                    label, [InputRequired()], choices=options, render_kw={"class": "form-control"}
                )
        if fields:
            base = type(base.__name__, (base,), fields)
        # The admin is built on a synchronous session factory (admin/app.py).
        sessions = cast(sessionmaker[Session], self.session_maker)
        return import_checked_form(base, self.import_kind, sessions)

    def _relation_choices(self) -> dict[str, list[tuple[str, str]]]:
        with self.session_maker() as session:
            return {
                name: [
                    (str(row.id), f"{row.name} ({row.external_id})")
                    for row in session.scalars(select(model).order_by(model.name))
                ]
                for name, model in self.named_relations.items()
            }

    async def get_form_data_for_edit(self, obj: Any) -> dict[str, Any]:
        data = await super().get_form_data_for_edit(obj)
        data.update({name: getattr(obj, name) for name in self.extra_form_fields})
        for name in self.named_relations:
            related = getattr(obj, f"{name}_id", None)
            data[name] = str(related) if related is not None else None
        return data


class ProviderAdmin(ImportCheckedView, model=Provider):
    import_kind = "providers"
    name, name_plural, icon, category = "Anbieter", "Anbieter", "fa-solid fa-building", "Angebote"
    column_list = [Provider.id, Provider.external_id, Provider.name, Provider.phone]
    column_searchable_list = [Provider.name, Provider.external_id]
    form_excluded_columns = [Provider.sites, Provider.offers]
    column_labels: ClassVar[dict[Any, str]] = _labels("providers")


class SiteAdmin(ImportCheckedView, model=Site):
    import_kind = "sites"
    name, name_plural, icon, category = "Standort", "Standorte", "fa-solid fa-map-pin", "Angebote"
    column_list = [Site.id, Site.external_id, Site.name, Site.postcode, Site.municipality]
    column_searchable_list = [Site.name, Site.external_id, Site.municipality]
    form_excluded_columns = [Site.offers]
    # Typed as text, read by the import's parser ('51,0630' as in the sheets); sqladmin would
    # not convert SQLAlchemy's Double (what `Mapped[float]` becomes) anyway.
    form_overrides: ClassVar[dict[str, Any]] = {"lat": StringField, "lon": StringField}
    named_relations: ClassVar[dict[str, type[Provider] | type[Site]]] = {"provider": Provider}
    extra_form_fields: ClassVar[dict[str, Any]] = {
        "municipality": StringField(
            "Gemeinde", [InputRequired()], render_kw={"class": "form-control"}
        )
    }
    column_labels: ClassVar[dict[Any, str]] = _labels("sites")


class OfferAdmin(ImportCheckedView, model=Offer):
    import_kind = "offers"
    name, name_plural, icon, category = "Angebot", "Angebote", "fa-solid fa-list", "Angebote"
    column_list = [Offer.id, Offer.external_id, Offer.title, Offer.category, Offer.municipality]
    column_searchable_list = [Offer.title, Offer.external_id]
    column_sortable_list = [Offer.id, Offer.title, Offer.municipality]
    # Municipality and coordinates are the site's (copied by the model); the rest is derived.
    form_excluded_columns = [
        Offer.municipality,
        Offer.lat,
        Offer.lon,
        Offer.created_at,
        Offer.updated_at,
        Offer.level_rows,
        Offer.translations,
    ]
    form_overrides: ClassVar[dict[str, Any]] = {
        "category": SelectField,
        "course_type": SelectField,
        "cost_kind": SelectField,
        "target_group": SelectField,
        "free_places": SelectField,
        "levels": ListField,
        "weekdays": ListField,
        "staff_languages": ListField,
        "documents": ListField,
    }
    form_args: ClassVar[dict[str, dict[str, Any]]] = {
        "category": _choices(Category),
        "course_type": _choices(CourseType, optional=True),
        "cost_kind": _choices(CostKind),
        "target_group": _choices(TargetGroup),
        "free_places": _choices(FreePlaces),
    }
    named_relations: ClassVar[dict[str, type[Provider] | type[Site]]] = {
        "provider": Provider,
        "site": Site,
    }
    column_labels: ClassVar[dict[Any, str]] = _labels("offers")


OFFER_VIEWS: tuple[type[ModelView], ...] = (OfferAdmin, SiteAdmin, ProviderAdmin)

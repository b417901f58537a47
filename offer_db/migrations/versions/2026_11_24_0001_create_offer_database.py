"""Create the offer database: reference tables, providers, sites, offers, procedures.

Levels are indexed in `offer_levels`; offers carry their site's municipality and
coordinates for the (category, municipality) and (category, lat, lon) indexes. Reference rows
are written by `offer_db.migrate.upgrade`.

Revision ID: 0001
Revises:
Create Date: 2026-11-24 19:11:30.335548
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "languages",
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("native_name", sa.String(length=64), nullable=False),
        sa.Column("english_name", sa.String(length=64), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.CheckConstraint("direction IN ('ltr', 'rtl')", name=op.f("ck_languages_direction")),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_languages")),
    )
    op.create_table(
        "municipalities",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("postcodes", sa.JSON(), nullable=False),
        sa.Column("lat", sa.Double(), nullable=False),
        sa.Column("lon", sa.Double(), nullable=False),
        sa.Column("neighbours", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_municipalities")),
    )
    op.create_table(
        "providers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_providers")),
        sa.UniqueConstraint("external_id", name=op.f("uq_providers_external_id")),
    )
    op.create_table(
        "contact_points",
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=False),
        sa.Column("postcode", sa.String(length=5), nullable=False),
        sa.Column("municipality", sa.String(length=64), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("opening_hours", sa.String(length=200), nullable=True),
        sa.Column("lat", sa.Double(), nullable=True),
        sa.Column("lon", sa.Double(), nullable=True),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality"],
            ["municipalities.name"],
            name=op.f("fk_contact_points_municipality_municipalities"),
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_contact_points")),
    )
    with op.batch_alter_table("contact_points", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_points_municipality"), ["municipality"], unique=False
        )

    op.create_table(
        "local_procedures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality", sa.String(length=64), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("office_name", sa.String(length=200), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=True),
        sa.Column("postcode", sa.String(length=5), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("url", sa.String(length=300), nullable=True),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("documents", sa.JSON(), nullable=False),
        sa.Column("verified_on", sa.Date(), nullable=False),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "category IN ('school', 'kita')", name=op.f("ck_local_procedures_category")
        ),
        sa.ForeignKeyConstraint(
            ["municipality"],
            ["municipalities.name"],
            name=op.f("fk_local_procedures_municipality_municipalities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_local_procedures")),
        sa.UniqueConstraint(
            "municipality", "category", name=op.f("uq_local_procedures_municipality_category")
        ),
    )
    op.create_table(
        "sites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=False),
        sa.Column("postcode", sa.String(length=5), nullable=False),
        sa.Column("municipality", sa.String(length=64), nullable=False),
        sa.Column("district", sa.String(length=100), nullable=True),
        sa.Column("lat", sa.Double(), nullable=False),
        sa.Column("lon", sa.Double(), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("opening_hours", sa.String(length=200), nullable=True),
        sa.Column("step_free", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["municipality"],
            ["municipalities.name"],
            name=op.f("fk_sites_municipality_municipalities"),
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["providers.id"], name=op.f("fk_sites_provider_id_providers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sites")),
        sa.UniqueConstraint("external_id", name=op.f("uq_sites_external_id")),
    )
    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sites_municipality"), ["municipality"], unique=False)
        batch_op.create_index(batch_op.f("ix_sites_provider_id"), ["provider_id"], unique=False)

    op.create_table(
        "offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("municipality", sa.String(length=64), nullable=False),
        sa.Column("lat", sa.Double(), nullable=False),
        sa.Column("lon", sa.Double(), nullable=False),
        sa.Column("course_type", sa.String(length=32), nullable=True),
        sa.Column("levels", sa.JSON(), nullable=False),
        sa.Column("weekdays", sa.JSON(), nullable=False),
        sa.Column("time_from", sa.Time(), nullable=True),
        sa.Column("time_to", sa.Time(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("rolling_start", sa.Boolean(), nullable=False),
        sa.Column("duration_weeks", sa.SmallInteger(), nullable=True),
        sa.Column("cost_kind", sa.String(length=16), nullable=False),
        sa.Column("cost_amount_eur", sa.Numeric(precision=8, scale=2), nullable=True),
        sa.Column("childcare", sa.Boolean(), nullable=False),
        sa.Column("target_group", sa.String(length=32), nullable=False),
        sa.Column("age_min", sa.SmallInteger(), nullable=True),
        sa.Column("age_max", sa.SmallInteger(), nullable=True),
        sa.Column("staff_languages", sa.JSON(), nullable=False),
        sa.Column("registration_phone", sa.String(length=40), nullable=True),
        sa.Column("registration_email", sa.String(length=200), nullable=True),
        sa.Column("registration_url", sa.String(length=300), nullable=True),
        sa.Column("registration_at_site", sa.Boolean(), nullable=False),
        sa.Column("documents", sa.JSON(), nullable=False),
        sa.Column("free_places", sa.String(length=16), nullable=False),
        sa.Column("verified_on", sa.Date(), nullable=False),
        sa.Column("verified_by", sa.String(length=200), nullable=False),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "category IN ('language_course', 'school', 'kita', 'school_to_work', "
            "'counseling', 'volunteering')",
            name=op.f("ck_offers_category"),
        ),
        sa.CheckConstraint(
            "cost_kind IN ('free', 'funded', 'fee')", name=op.f("ck_offers_cost_kind")
        ),
        sa.CheckConstraint(
            "course_type IN ('integration', 'literacy', 'job_language', 'youth', 'parents_women')",
            name=op.f("ck_offers_course_type"),
        ),
        sa.CheckConstraint(
            "free_places IN ('available', 'few', 'waitlist', 'none', 'unknown')",
            name=op.f("ck_offers_free_places"),
        ),
        sa.CheckConstraint(
            "target_group IN ('all', 'women', 'parents', 'young_people', 'children', "
            "'families', 'volunteers')",
            name=op.f("ck_offers_target_group"),
        ),
        sa.CheckConstraint("age_min <= age_max", name=op.f("ck_offers_age_range")),
        sa.CheckConstraint("cost_amount_eur >= 0", name=op.f("ck_offers_cost_amount_not_negative")),
        sa.CheckConstraint("duration_weeks > 0", name=op.f("ck_offers_duration_positive")),
        sa.CheckConstraint("time_from < time_to", name=op.f("ck_offers_time_range")),
        sa.ForeignKeyConstraint(
            ["municipality"],
            ["municipalities.name"],
            name=op.f("fk_offers_municipality_municipalities"),
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["providers.id"], name=op.f("fk_offers_provider_id_providers")
        ),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_offers_site_id_sites")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offers")),
        sa.UniqueConstraint("external_id", name=op.f("uq_offers_external_id")),
    )
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_offers_category_lat_lon"), ["category", "lat", "lon"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_offers_category_municipality"),
            ["category", "municipality"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_offers_municipality"), ["municipality"], unique=False)
        batch_op.create_index(batch_op.f("ix_offers_provider_id"), ["provider_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_offers_site_id"), ["site_id"], unique=False)

    op.create_table(
        "offer_levels",
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=2), nullable=False),
        sa.CheckConstraint(
            "level IN ('A1', 'A2', 'B1', 'B2', 'C1')", name=op.f("ck_offer_levels_level")
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["offers.id"],
            name=op.f("fk_offer_levels_offer_id_offers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("offer_id", "level", name=op.f("pk_offer_levels")),
    )
    with op.batch_alter_table("offer_levels", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_offer_levels_level_offer_id"), ["level", "offer_id"], unique=False
        )

    op.create_table(
        "offer_translations",
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["language"], ["languages.code"], name=op.f("fk_offer_translations_language_languages")
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["offers.id"],
            name=op.f("fk_offer_translations_offer_id_offers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "offer_id", "language", "field", name=op.f("pk_offer_translations")
        ),
    )
    with op.batch_alter_table("offer_translations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_offer_translations_language"), ["language"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("offer_translations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offer_translations_language"))

    op.drop_table("offer_translations")
    with op.batch_alter_table("offer_levels", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offer_levels_level_offer_id"))

    op.drop_table("offer_levels")
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offers_site_id"))
        batch_op.drop_index(batch_op.f("ix_offers_provider_id"))
        batch_op.drop_index(batch_op.f("ix_offers_municipality"))
        batch_op.drop_index(batch_op.f("ix_offers_category_municipality"))
        batch_op.drop_index(batch_op.f("ix_offers_category_lat_lon"))

    op.drop_table("offers")
    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sites_provider_id"))
        batch_op.drop_index(batch_op.f("ix_sites_municipality"))

    op.drop_table("sites")
    op.drop_table("local_procedures")
    with op.batch_alter_table("contact_points", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_points_municipality"))

    op.drop_table("contact_points")
    op.drop_table("providers")
    op.drop_table("municipalities")
    op.drop_table("languages")

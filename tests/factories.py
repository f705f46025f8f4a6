"""Test data built in code: each factory makes one valid row and its required parents."""

import hashlib

import factory
from django.contrib.auth import get_user_model

from claims import services
from claims.models import (
    AttributionKind,
    Claim,
    ClaimStatus,
    Document,
    Job,
    JobKind,
    JobStatus,
    Membership,
    Origin,
    Project,
    Role,
    Source,
    SourceAlias,
    SourceKind,
)

ARTICLE = (
    'Officials said the border was closed.\n\n"We will reopen it soon," a spokesman told the Global Times.'
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    slug = factory.Sequence(lambda n: f"project-{n}")
    name = factory.Sequence(lambda n: f"Project {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    project = factory.SubFactory(ProjectFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.ANNOTATOR


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Article {n}")
    text = ARTICLE
    raw = factory.SelfAttribute("text")
    sha256 = factory.LazyAttribute(lambda d: hashlib.sha256(d.text.encode("utf-8")).hexdigest())


class SourceFactory(factory.django.DjangoModelFactory):
    """A source with its canonical name filed as an alias, as the services file it."""

    class Meta:
        model = Source
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    kind = SourceKind.OUTLET
    name = factory.Sequence(lambda n: f"Source {n}")

    @factory.post_generation
    def canonical_alias(source, create, extracted, **kwargs):
        if create:
            SourceAlias.objects.create(project=source.project, source=source, name=source.name)


class ClaimFactory(factory.django.DjangoModelFactory):
    """By default the first sentence of ARTICLE, attributed to a source of the same project."""

    class Meta:
        model = Claim

    document = factory.SubFactory(DocumentFactory)
    start = 0
    end = 37
    text = factory.LazyAttribute(lambda c: c.document.text[c.start : c.end])
    kind = AttributionKind.INDIRECT
    status = ClaimStatus.PENDING
    origin = Origin.HUMAN
    source = factory.SubFactory(SourceFactory, project=factory.SelfAttribute("..document.project"))
    created_by = factory.SubFactory(UserFactory)


class JobFactory(factory.django.DjangoModelFactory):
    """An export of the project's approved claims, as JSON, as queued: nothing runs it."""

    class Meta:
        model = Job

    project = factory.SubFactory(ProjectFactory)
    kind = JobKind.EXPORT_PROJECT
    status = JobStatus.QUEUED
    parameters = factory.LazyFunction(lambda: {"format": "json", "status": ["approved"]})
    created_by = factory.SubFactory(UserFactory)


def claim_on(
    document, words: str, *, source, actor, origin=Origin.HUMAN, kind=AttributionKind.INDIRECT, **more
) -> Claim:
    """A claim over the first occurrence of words in the document, made through the service as
    a person (actor) or the machine (actor None, origin machine) makes one: audited. more: the
    service's other arguments (cue, mentions, via)."""
    start = document.text.index(words)
    return services.create_claim(
        document,
        start=start,
        end=start + len(words),
        text=words,
        kind=kind,
        source=source,
        actor=actor,
        origin=origin,
        **more,
    )

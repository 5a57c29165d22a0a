"""Create (or update) an editor: a staff account in the "Editors" group, never a superuser."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

EDITORS_GROUP = "Editors"


class Command(BaseCommand):
    help = "Create an editor account (staff, in the Editors group). Set the password with changepassword."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, username, email, first_name, last_name, **options):
        try:
            group = Group.objects.get(name=EDITORS_GROUP)
        except Group.DoesNotExist as error:
            raise CommandError('The "Editors" group is missing: run "python manage.py migrate" first.') from error
        User = get_user_model()
        user, created = User.objects.get_or_create(username=username)
        if user.is_superuser:
            raise CommandError(f"{username} is a superuser; editors are ordinary staff accounts.")
        user.is_staff = True
        user.email = email or user.email
        user.first_name = first_name or user.first_name
        user.last_name = last_name or user.last_name
        if created:
            user.set_unusable_password()
        user.save()
        user.groups.add(group)
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} editor {username}.")
        if created:
            self.stdout.write(f"Set a password with: python manage.py changepassword {username}")

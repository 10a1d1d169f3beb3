import os

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve CityBridge with waitress (static files through WhiteNoise)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host, port, threads, **options):
        from waitress import serve

        from citybridge.wsgi import application

        display_host = f"[{host}]" if ":" in host else host
        self.stdout.write(
            self.style.SUCCESS(f"CityBridge is running at http://{display_host}:{port}/")
        )
        self.stdout.write("Press Ctrl+C to stop.")
        serve(application, host=host, port=port, threads=threads, ident="CityBridge")

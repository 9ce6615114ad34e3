"""The portal under load: anonymous visitors, directory searches, assistant questions, and
logged-in doctors viewing their space and downloading small documents from the vault.

`LOAD_DATA` names the JSON `load/seed.py` printed (session keys, document ids, RPPS numbers);
`LOAD_SESSION_COOKIE` the session cookie's name (production: `__Secure-sessionid`, sent here in
a header because the run is plain HTTP on loopback, where a client keeps Secure cookies back).
"""

import itertools
import json
import os
import random
import threading

from locust import HttpUser, between, task

DATA = json.loads(open(os.environ["LOAD_DATA"], encoding="utf-8").read())  # noqa: SIM115
COOKIE = os.environ.get("LOAD_SESSION_COOKIE", "__Secure-sessionid")
SEARCHES = [
    "martin",
    "dupont paris",
    "cardiologie",
    "pédiatrie 69",
    "bernard",
    "75",
    "psychiatrie lyon",
    "médecine générale 13",
    "lefevre",
    "dermatologie",
]
QUESTIONS = [
    "Combien de temps conserver le dossier médical ?",
    "Puis-je envoyer des résultats par courriel ?",
    "Comment faire une téléconsultation ?",
    "Que faire d'un avis négatif en ligne ?",
    "Comment déclarer mon médecin traitant ?",
    "Quelle cotisation pour un médecin retraité ?",
]
_accounts = itertools.cycle(DATA["accounts"])
_lock = threading.Lock()


class Visitor(HttpUser):
    """A patient or a student: public pages, the directory, the guides and the assistant."""

    weight = 3
    wait_time = between(0.2, 1.0)

    @task(4)
    def public_pages(self) -> None:
        path = random.choice(["/", "/patients/", "/medecins/", "/etudiants/", "/guides/"])  # noqa: S311
        self.client.get(path, name=path)

    @task(4)
    def directory_search(self) -> None:
        self.client.get("/annuaire/", params={"q": random.choice(SEARCHES)}, name="/annuaire/?q=")  # noqa: S311

    @task(1)
    def directory_entry(self) -> None:
        rpps = random.choice(DATA["rpps"])  # noqa: S311
        self.client.get(f"/annuaire/{rpps}/", name="/annuaire/<rpps>/")

    @task(2)
    def assistant(self) -> None:
        question = random.choice(QUESTIONS)  # noqa: S311
        self.client.get("/assistant/", params={"q": question}, name="/assistant/?q=")


class Doctor(HttpUser):
    """A logged-in doctor (second factor used): the space, the vault, small downloads."""

    weight = 1
    wait_time = between(0.2, 1.0)

    def on_start(self) -> None:
        with _lock:
            account = next(_accounts)
        self.documents = account["documents"]
        self.headers = {"Cookie": f"{COOKIE}={account['session']}"}

    def _get(self, path: str, name: str) -> None:
        with self.client.get(
            path, name=name, headers=self.headers, catch_response=True, allow_redirects=False
        ) as response:
            # Any redirect (to the login, claim or MFA page) means the session did not hold.
            if response.status_code != 200:
                response.failure(f"{response.status_code} {response.headers.get('Location', '')}")

    @task(3)
    def dashboard(self) -> None:
        self._get("/espace/", "/espace/")

    @task(2)
    def vault(self) -> None:
        self._get("/espace/coffre/", "/espace/coffre/")

    @task(2)
    def download(self) -> None:
        document = random.choice(self.documents)  # noqa: S311
        self._get(
            f"/espace/coffre/documents/{document}/telecharger/",
            "/espace/coffre/documents/<id>/telecharger/",
        )

"""Settings of the legal app: who publishes and hosts the portal, and the data protection officer.

The mentions légales and the personal-data page print them; each deployment sets its own.
"""

import environ

env = environ.Env()

# The publisher (the national council) and its director of publication (its president).
SITE_PUBLISHER_NAME = env.str(
    "SITE_PUBLISHER_NAME", default="Conseil national de l’Ordre des médecins"
)
SITE_PUBLISHER_ADDRESS = env.str(
    "SITE_PUBLISHER_ADDRESS", default="4 rue Léon Jost, 75855 Paris Cedex 17"
)
SITE_PUBLISHER_PHONE = env.str("SITE_PUBLISHER_PHONE", default="01 53 89 32 00")
SITE_PUBLISHER_EMAIL = env.str("SITE_PUBLISHER_EMAIL", default="contact@ordre.test")
SITE_PUBLICATION_DIRECTOR = env.str(
    "SITE_PUBLICATION_DIRECTOR", default="Le président du Conseil national de l’Ordre des médecins"
)
# The host (hébergeur) of the portal, as article 6 of the LCEN requires it to be named.
SITE_HOST_NAME = env.str("SITE_HOST_NAME", default="OVH SAS")
SITE_HOST_ADDRESS = env.str("SITE_HOST_ADDRESS", default="2 rue Kellermann, 59100 Roubaix")
SITE_HOST_PHONE = env.str("SITE_HOST_PHONE", default="1007")
# The data protection officer (délégué à la protection des données).
SITE_DPO_EMAIL = env.str("SITE_DPO_EMAIL", default="dpo@ordre.test")
SITE_DPO_ADDRESS = env.str(
    "SITE_DPO_ADDRESS",
    default="Délégué à la protection des données, 4 rue Léon Jost, 75855 Paris Cedex 17",
)

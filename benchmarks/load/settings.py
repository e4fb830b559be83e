"""Settings of the server under load: the production tier (PostgreSQL, Redis) as `config.settings.base` makes it from
the environment, with three changes that the benchmark needs and says so in its results:

- the proof of work and the rate limits of the public forms are off (ANTIBOT_ENABLED, RATELIMIT_ENABLE): eight
  clients on one address would otherwise be stopped after a few reports, as they should be;
- `QueryCountMiddleware` answers every request with the number of SQL queries it ran (`X-Sopan-Queries`);
- the URLs add the floor (`/bench/floor/`): a bare Django view behind the same middleware.
"""

from config.settings.base import *  # noqa: F403
from config.settings.base import LOGGING, MIDDLEWARE

ANTIBOT_ENABLED = False
RATELIMIT_ENABLE = False
MIDDLEWARE = ["benchmarks.load.middleware.QueryCountMiddleware", *MIDDLEWARE]
ROOT_URLCONF = "benchmarks.load.urls"
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}

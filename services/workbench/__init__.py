"""The organization department's workbench (党建责任制工作台): web pages in Chinese.

It reads the three services' query endpoints (and, when configured, the
notifier's deliveries) and records what people did through the registry's
``POST /v1/events``, as the organization department's source: the same HTTP
API every campus system uses. It computes nothing the services do not offer:
it groups, names and draws what they answer.

* :mod:`.session` — log-in, the signed session cookie and who may see what;
* :mod:`.reader` — the services' endpoints, read with the right token;
* :mod:`.views` — pure shaping of their answers for the pages;
* :mod:`.charts` — inline SVG charts (no script, no CDN);
* :mod:`.forms` — the five forms as organization-department events;
* :mod:`.export` — the 问题清单 and 整改台账 as Excel workbooks;
* :mod:`.app` — the FastAPI routes and the Chinese error pages.
"""

# The conflictkg API. Built by docker-compose.yml, which runs it next to neo4j:5.26-community.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

# Dependencies first, so code changes do not reinstall them.
COPY pyproject.toml README.md ./
COPY core core
COPY graph graph
COPY cypher cypher
COPY loaders loaders
COPY api api
COPY client client
COPY localdb localdb
RUN pip install . && useradd --create-home --uid 10001 conflictkg

USER conflictkg
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=5 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]
CMD ["conflictkg", "serve", "--host", "0.0.0.0", "--port", "8000"]

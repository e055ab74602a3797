FROM python:3.11-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY core ./core
COPY api ./api
COPY workers ./workers
COPY etp ./etp
COPY migrations ./migrations
RUN pip install --no-cache-dir . && useradd --system --uid 10001 etp
USER etp
EXPOSE 8000
ENV HOST=0.0.0.0 PORT=8000
CMD ["etp", "api"]

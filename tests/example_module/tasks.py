from django_tasks import task


@task()
def tidy_examples() -> int:
    return 0

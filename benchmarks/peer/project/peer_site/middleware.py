"""Counts the SQL queries of each request and answers with their number, like Sopan's benchmark server does
(benchmarks/load/middleware.py), under the same header so that one load client reads both."""

from django.db import connections


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counting(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(counting):
            response = self.get_response(request)
        response["X-Sopan-Queries"] = str(count)
        return response

-- Rendered by Airflow when the task runs: {{ ds }} is the run's logical date.
INSERT INTO reporting.daily_revenue
SELECT order_date, SUM(amount)
FROM warehouse.orders
WHERE order_date = '{{ ds }}'
GROUP BY order_date;

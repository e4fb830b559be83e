from sopan.core.testing import login


def test_lpse_head_sees_home_with_roles(client, lpse_head):
    login(client, lpse_head)
    response = client.get("/")
    assert response.status_code == 200
    assert "Head of LPSE" in response.content.decode() or "Kepala LPSE" in response.content.decode()

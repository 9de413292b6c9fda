// Command normalise posts one scraped page to the article normaliser service (standard library
// only) and prints the title, the publication date and the number of history entries.
//
//	NORMALISER_URL=http://localhost:8000 go run . page.txt
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// Timestamp is a resolved time: value is the best estimate, [earliest, latest] the interval
// that surely holds the true instant.
type Timestamp struct {
	Text     string `json:"text"`
	Value    string `json:"value"`
	Earliest string `json:"earliest"`
	Latest   string `json:"latest"`
}

// Article holds the fields of a normalised article this client uses.
type Article struct {
	Title     *string    `json:"title"`
	Source    *string    `json:"source"`
	Published *Timestamp `json:"published"`
	History   []struct {
		Title string `json:"title"`
	} `json:"history"`
}

// Problem is the RFC 9457 error body the service answers with.
type Problem struct {
	Title  string `json:"title"`
	Detail string `json:"detail"`
}

func normalise(client *http.Client, baseURL, page, referenceTime string) (*Article, error) {
	endpoint, err := url.Parse(strings.TrimRight(baseURL, "/") + "/v1/normalise")
	if err != nil {
		return nil, err
	}
	if referenceTime != "" {
		endpoint.RawQuery = url.Values{"reference_time": {referenceTime}}.Encode()
	}
	req, err := http.NewRequest(http.MethodPost, endpoint.String(), strings.NewReader(page))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "text/plain; charset=utf-8")
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		var problem Problem
		_ = json.Unmarshal(body, &problem)
		return nil, fmt.Errorf("%s %s: %s", resp.Status, problem.Title, problem.Detail)
	}
	var article Article
	if err := json.Unmarshal(body, &article); err != nil {
		return nil, err
	}
	return &article, nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: normalise PAGE_FILE   (service at $NORMALISER_URL)")
		os.Exit(2)
	}
	page, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	baseURL := os.Getenv("NORMALISER_URL")
	if baseURL == "" {
		baseURL = "http://localhost:8000"
	}
	client := &http.Client{Timeout: 30 * time.Second}
	article, err := normalise(client, baseURL, string(page), os.Getenv("REFERENCE_TIME"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "normalise failed:", err)
		os.Exit(1)
	}
	title, published := "(none)", "(unknown)"
	if article.Title != nil {
		title = *article.Title
	}
	if article.Published != nil {
		published = article.Published.Value
	}
	fmt.Printf("title: %s\npublished: %s\nhistory: %d\n", title, published, len(article.History))
}
